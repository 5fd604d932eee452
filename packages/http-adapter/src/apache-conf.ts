/**
 * A reader for Apache httpd configuration text: directives with their arguments, line numbers and
 * enclosing sections, as httpd itself splits them (quotes, backslash continuations, `#` comments).
 * It knows no directive's meaning; `import-apache.ts` does.
 *
 * @module
 */

/** A section such as `<Proxy "balancer://static">`, as it encloses a directive. */
export interface ApacheSection {
  /** Lower-cased, e.g. `proxy`, `virtualhost`, `location`, `ifmodule`. */
  readonly name: string;
  readonly args: readonly string[];
  readonly line: number;
}

/** One directive line (after joining continuations), e.g. `BalancerMember "http://static1:80" route=static1`. */
export interface ApacheDirective {
  /** As written, e.g. `BalancerMember`; compare with {@link ApacheDirective.key}. */
  readonly name: string;
  /** Lower-cased name: Apache directive names are case-insensitive. */
  readonly key: string;
  readonly args: readonly string[];
  /** 1-based line where the directive starts. */
  readonly line: number;
  /** Enclosing sections, outermost first. */
  readonly sections: readonly ApacheSection[];
  /** The directive as written (continuations joined), for messages. */
  readonly text: string;
}

/** A problem in the text itself (an unclosed quote or section, a stray `</...>`). */
export interface ApacheSyntaxIssue {
  readonly line: number;
  readonly message: string;
}

/** Everything read from one file. */
export interface ApacheConf {
  readonly directives: readonly ApacheDirective[];
  /** Section openings, in order (they are directives too, e.g. `<Proxy>` lines). */
  readonly sectionLines: readonly (ApacheSection & { readonly text: string })[];
  readonly issues: readonly ApacheSyntaxIssue[];
}

/**
 * Splits a directive's text into words like httpd's `ap_getword_conf`: white space separates,
 * `"..."` or `'...'` quote (a backslash escapes the quote character inside), quotes are removed.
 * Returns `null` when a quote is not closed.
 *
 * @example
 * ```ts
 * apacheWords('Header add Set-Cookie "ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/" env=X')
 * // ['Header', 'add', 'Set-Cookie', 'ROUTEID=.%{BALANCER_WORKER_ROUTE}e; path=/', 'env=X']
 * ```
 */
export function apacheWords(text: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const q = text[i];
    if (q === '"' || q === "'") {
      let word = '';
      i++;
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\' && text[i + 1] === q) i++;
        word += text[i];
        i++;
      }
      if (i >= text.length) return null;
      i++;
      out.push(word);
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]!)) i++;
      out.push(text.slice(start, i));
    }
  }
  return out;
}

/** Logical lines: a line ending in `\` continues on the next one. */
function logicalLines(text: string): { text: string; line: number }[] {
  const raw = text.split(/\r?\n/);
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < raw.length; i++) {
    const line = i + 1;
    let joined = raw[i]!;
    while (joined.endsWith('\\') && i + 1 < raw.length) joined = joined.slice(0, -1) + ' ' + raw[++i]!;
    const trimmed = joined.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) out.push({ text: trimmed, line });
  }
  return out;
}

/**
 * Reads Apache configuration text into directives, each with its line and enclosing sections.
 * Never throws: problems in the text come back in `issues`.
 *
 * @example
 * ```ts
 * const conf = parseApacheConf('<Proxy "balancer://b">\n  BalancerMember http://a:80 route=a\n</Proxy>\n')
 * conf.directives[0] // { key: 'balancermember', args: ['http://a:80', 'route=a'], line: 2, sections: [{ name: 'proxy', args: ['balancer://b'], line: 1 }], ... }
 * ```
 */
export function parseApacheConf(text: string): ApacheConf {
  const directives: ApacheDirective[] = [];
  const sectionLines: (ApacheSection & { text: string })[] = [];
  const issues: ApacheSyntaxIssue[] = [];
  const stack: ApacheSection[] = [];
  for (const { text: lineText, line } of logicalLines(text)) {
    if (lineText.startsWith('</')) {
      const name = lineText.slice(2).replace(/>\s*$/, '').trim().toLowerCase();
      const top = stack[stack.length - 1];
      if (top === undefined || top.name !== name) issues.push({ line, message: `</${name}> closes ${top === undefined ? 'no open section' : `<${top.name}> of line ${top.line}`}` });
      else stack.pop();
      continue;
    }
    if (lineText.startsWith('<')) {
      const words = apacheWords(lineText.slice(1).replace(/>\s*$/, ''));
      if (words === null || words.length === 0 || !lineText.trimEnd().endsWith('>')) {
        issues.push({ line, message: `cannot read the section "${lineText}"` });
        continue;
      }
      const section = { name: words[0]!.toLowerCase(), args: words.slice(1), line };
      sectionLines.push({ ...section, text: lineText });
      stack.push(section);
      continue;
    }
    const words = apacheWords(lineText);
    if (words === null || words.length === 0) {
      issues.push({ line, message: `unclosed quote in "${lineText}"` });
      continue;
    }
    directives.push({ name: words[0]!, key: words[0]!.toLowerCase(), args: words.slice(1), line, sections: [...stack], text: lineText });
  }
  for (const open of stack) issues.push({ line: open.line, message: `<${open.name}> is never closed` });
  return { directives, sectionLines, issues };
}

/**
 * Splits `key=value` parameters (BalancerMember, ProxySet, ProxyPass); keys are lower-cased, as
 * httpd compares them without case. A word without `=` gets `null`.
 *
 * @example
 * ```ts
 * apacheParams(['route=static1', 'loadfactor=2']) // [{ key: 'route', value: 'static1', raw: 'route=static1' }, ...]
 * ```
 */
export function apacheParams(words: readonly string[]): { key: string; value: string | null; raw: string }[] {
  return words.map((raw) => {
    const eq = raw.indexOf('=');
    return eq < 0 ? { key: raw.toLowerCase(), value: null, raw } : { key: raw.slice(0, eq).toLowerCase(), value: raw.slice(eq + 1), raw };
  });
}
