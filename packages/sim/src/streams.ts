/**
 * rxjs views of a simulation, for embedding it (dashboards, notebooks, tests written as marbles).
 *
 * @module
 */
import { filter, Observable, type OperatorFunction } from 'rxjs';
import { Simulation, type SimOptions } from './engine.js';
import { buildReport, type SimReport } from './report.js';
import type { Scenario } from './scenario.js';
import type { SimEvent } from './sim-events.js';

/**
 * Options of {@link simulate$}: those of a run, plus how much virtual time to run between yields.
 *
 * @example
 * ```ts
 * simulate$(scenario, { seed: 2, onReport: (r) => console.log(r.traceHash) })
 * ```
 */
export interface StreamOptions extends SimOptions {
  /** Called once the run has drained, with its report. */
  readonly onReport?: (report: SimReport) => void;
}

/**
 * Runs a scenario on subscription and emits its events in virtual-time order, then completes.
 * Emission is synchronous; unsubscribing stops the run at the next event.
 *
 * @example
 * ```ts
 * simulate$(scenario, { seed: 1 })
 *   .pipe(ofType('requestServed'))
 *   .subscribe((e) => console.log(e.member, e.latencyMs))
 * ```
 */
export function simulate$(scenario: Scenario, options: StreamOptions = {}): Observable<SimEvent> {
  return new Observable<SimEvent>((subscriber) => {
    const sim = new Simulation(scenario, options);
    sim.tracer.listen((e) => subscriber.next(e));
    const step = scenario.durationMs / 100;
    let more = true;
    while (more && !subscriber.closed) more = sim.runUntil(sim.now + step);
    if (subscriber.closed) return;
    options.onReport?.(buildReport(sim));
    subscriber.complete();
  });
}

/**
 * Keeps the events of one type, narrowed.
 *
 * @example
 * ```ts
 * events$.pipe(ofType('memberStatusChanged')).subscribe((e) => console.log(e.member, e.status))
 * ```
 */
export function ofType<T extends SimEvent['type']>(type: T): OperatorFunction<SimEvent, Extract<SimEvent, { type: T }>> {
  return filter((e: SimEvent): e is Extract<SimEvent, { type: T }> => e.type === type);
}
