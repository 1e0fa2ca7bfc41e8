import type { Party, StepInfo, StepRun } from './types';

const LANES: { id: Party; label: string }[] = [
  { id: 'user', label: 'User' },
  { id: 'browser', label: 'Browser' },
  { id: 'client', label: 'Client' },
  { id: 'server', label: 'Gatehouse' },
];
const W = 300;
const laneX = (p: Party) => 40 + LANES.findIndex((l) => l.id === p) * ((W - 80) / 3);

export type StepStatus = 'ok' | 'refused' | 'skipped' | 'current' | 'pending';

export function statusOf(step: StepInfo, index: number, current: number, runs: Record<string, StepRun>, skipped: string[]): StepStatus {
  const run = runs[step.id];
  if (run) return run.result.ok ? 'ok' : 'refused';
  if (skipped.includes(step.id)) return 'skipped';
  return index === current ? 'current' : 'pending';
}

const STATUS_WORDS: Record<StepStatus, string> = { ok: 'succeeded', refused: 'refused', skipped: 'skipped', current: 'next to send', pending: 'not sent yet' };

/**
 * The planned steps as a sequence diagram: four lanes, one arrow per request (and its answer
 * dashed back), the next step highlighted and finished ones marked. Each row opens its exchange.
 */
export function SequenceDiagram(props: { steps: StepInfo[]; current: number; runs: Record<string, StepRun>; skipped: string[]; viewing?: string; onPick(stepId: string | undefined): void }) {
  return (
    <section className="card sim-diagram" aria-labelledby="sim-diagram-title">
      <h2 id="sim-diagram-title">Sequence</h2>
      <div className="sim-lanes" aria-hidden="true">
        <svg viewBox={`0 0 ${W} 22`} width="100%" height="22">
          {LANES.map((l) => (
            <text key={l.id} x={laneX(l.id)} y="15" textAnchor="middle" className="sim-lane-label">{l.label}</text>
          ))}
        </svg>
      </div>
      <ol className="sim-seq">
        {props.steps.map((step, i) => {
          const status = statusOf(step, i, props.current, props.runs, props.skipped);
          const selected = props.viewing ? props.viewing === step.id : status === 'current';
          const x1 = laneX(step.from);
          const x2 = laneX(step.to);
          const dir = x2 > x1 ? 1 : -1;
          return (
            <li key={step.id}>
              <button
                type="button"
                className={`sim-seq-row sim-seq-${status}${selected ? ' sim-seq-selected' : ''}`}
                aria-current={status === 'current' ? 'step' : undefined}
                aria-label={`Step ${i + 1}: ${step.title}, ${STATUS_WORDS[status]}`}
                onClick={() => props.onPick(status === 'current' ? undefined : step.id)}
              >
                <span className="sim-seq-title">
                  <span className="sim-seq-num">{i + 1}</span> {step.title}
                  <span className={`sim-seq-mark sim-mark-${status}`}>{status === 'ok' ? '✓' : status === 'refused' ? '✗' : status === 'skipped' ? 'skipped' : status === 'current' ? 'next' : ''}</span>
                </span>
                <svg viewBox={`0 0 ${W} 34`} width="100%" height="34" aria-hidden="true">
                  {LANES.map((l) => <line key={l.id} x1={laneX(l.id)} x2={laneX(l.id)} y1="0" y2="34" className="sim-lane-line" />)}
                  {x1 === x2 ? (
                    <>
                      <path d={`M ${x1} 8 h 26 v 16 h -20`} fill="none" className="sim-arrow" />
                      <path d={`M ${x1} 24 l 7 -4 v 8 z`} className="sim-arrow-head" />
                    </>
                  ) : (
                    <>
                      <line x1={x1} x2={x2 - dir * 6} y1="10" y2="10" className="sim-arrow" />
                      <path d={`M ${x2} 10 l ${-dir * 7} -4 v 8 z`} className="sim-arrow-head" />
                      <line x1={x2} x2={x1 + dir * 6} y1="25" y2="25" className="sim-arrow sim-arrow-back" />
                      <path d={`M ${x1} 25 l ${dir * 7} -4 v 8 z`} className="sim-arrow-head sim-arrow-back-head" />
                      <circle cx={x1} cy="10" r="3" className="sim-arrow-head" />
                    </>
                  )}
                </svg>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
