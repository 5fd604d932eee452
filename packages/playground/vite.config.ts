import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Browsers refuse module scripts from file:// pages, so the build is one classic script (IIFE)
 * loaded with `defer`: the built page then opens from a static server and from the files alike.
 */
function classicScript(): Plugin {
  return {
    name: 'lbkit-classic-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (html) => html.replace(/<script type="module" crossorigin /g, '<script defer ').replace(/ crossorigin /g, ' '),
    },
  };
}

export default defineConfig({
  // relative asset paths: the build works from any folder of a static server and from file://
  base: './',
  plugins: [classicScript()],
  resolve: {
    alias: {
      // @lbkit/sim's file loader (loadScenario) reads files with node:fs; the page never calls it
      'node:fs': fileURLToPath(new URL('./src/no-fs.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    target: 'es2022',
    modulePreload: false,
    rollupOptions: { output: { format: 'iife' } },
  },
});
