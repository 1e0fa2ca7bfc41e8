import type { ScenarioResult } from './host.js';

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const secs = (ms: number) => (ms / 1000).toFixed(3);

/** The lines that say why a scenario failed: one per unmet expectation, in words. */
export function failureLines(r: ScenarioResult): string[] {
  if (r.problem) return [r.problem];
  return r.expectations.flatMap((e) => e.mismatches.map((m) => `step ${e.step}: ${m.what}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`));
}

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one test suite, one
 * test case per scenario; an unmet expectation is a <failure>, a scenario that could not run an <error>.
 */
export function junitXml(results: ScenarioResult[], at: Date, suite = 'Gatehouse scenarios'): string {
  const failures = results.filter((r) => !r.passed && !r.problem).length;
  const errors = results.filter((r) => r.problem).length;
  const time = secs(results.reduce((t, r) => t + r.durationMs, 0));
  const cases = results.map((r) => {
    const open = `    <testcase classname="gatehouse.scenarios" name="${xml(r.name)}" time="${secs(r.durationMs)}"`;
    if (r.passed) return `${open}/>`;
    const lines = failureLines(r);
    const steps = r.runs.map((run) => `${run.result.ok ? 'ok' : 'refused'} ${run.step.id}: ${run.result.summary}`);
    const tag = r.problem ? 'error' : 'failure';
    return `${open}>\n      <${tag} message="${xml(lines[0] ?? 'failed')}" type="${r.problem ? 'ScenarioError' : 'ExpectationFailed'}">${xml([...lines, '', ...steps].join('\n'))}</${tag}>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatehouse" tests="${results.length}" failures="${failures}" errors="${errors}" time="${time}">`,
    `  <testsuite name="${xml(suite)}" tests="${results.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time}" timestamp="${at.toISOString().slice(0, 19)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
