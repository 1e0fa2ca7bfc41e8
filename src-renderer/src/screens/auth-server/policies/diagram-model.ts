import type { DecisionTrace, Policy, Rule } from '../../../api/types';
import type { PolicyEntry } from './data';
import type { PreviewAnswer } from './types';

/*
 * The evaluation-order diagram as data: where each node sits (policies down, their rules across),
 * the path a request took through them (from the preview's trace), and the edges to draw.
 * Pure, so it can be tested without a browser.
 */

export type NodeState = 'idle' | 'passed' | 'matched' | 'unreached' | 'granted' | 'denied';

export interface DiagramNode {
  id: string;
  kind: 'start' | 'checks' | 'policy' | 'rule' | 'result';
  row: number;
  col: number;
  state: NodeState;
  /** The trace's outcome code and words for this node, when it was judged. */
  outcome?: string;
  reason?: string;
  policy?: Policy;
  rule?: Rule;
  /** For a rule: the policy it belongs to. */
  policyId?: string;
  /** 1-based position among its siblings. */
  priority?: number;
}

export interface DiagramEdge {
  from: string;
  to: string;
  lit: boolean;
  /** The last edge of a path, coloured by the result. */
  end?: 'granted' | 'denied';
}

export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  columns: number;
  rows: number;
}

export const nodeId = {
  start: 'start',
  checks: 'checks',
  result: 'result',
  policy: (id: string) => `p:${id}`,
  rule: (id: string) => `r:${id}`,
};

export function buildDiagram(entries: PolicyEntry[], answer?: PreviewAnswer): Diagram {
  const trace: DecisionTrace | undefined = answer?.trace;
  const tracedPolicy = new Map(trace?.policies.map((p) => [p.policyId, p]) ?? []);
  const checksFailed = !!trace?.checks.some((c) => !c.ok);
  const maxRules = Math.max(1, ...entries.map((e) => e.rules.length));
  const nodes: DiagramNode[] = [];
  const path: string[] = [nodeId.start, nodeId.checks];

  let row = 1;
  // The request and the checks before any policy share the first row.
  nodes.push({ id: nodeId.start, kind: 'start', row, col: 1, state: answer ? 'passed' : 'idle' });
  nodes.push({ id: nodeId.checks, kind: 'checks', row: row++, col: 2, state: !answer ? 'idle' : checksFailed ? 'denied' : 'passed' });

  const granted = answer?.result === 'granted';
  let resultPlaced = false;
  const placeResult = (col: number) => {
    nodes.push({ id: nodeId.result, kind: 'result', row: row++, col, state: !answer ? 'idle' : granted ? 'granted' : 'denied', outcome: answer?.error?.error, reason: answer?.error?.error_description });
    resultPlaced = true;
  };
  if (answer && checksFailed) {
    placeResult(2);
    path.push(nodeId.result);
  }

  let stopped = !answer || checksFailed;
  for (const { policy, rules } of entries) {
    const pt = tracedPolicy.get(policy.id);
    const pid = nodeId.policy(policy.id);
    const policyRow = row++;
    const evaluated = !!pt && pt.outcome !== 'not_evaluated' && !stopped;
    nodes.push({
      id: pid, kind: 'policy', row: policyRow, col: 1, policy, priority: policy.priority,
      state: !answer ? 'idle' : !evaluated ? 'unreached' : pt!.outcome === 'matched' ? 'matched' : 'passed',
      outcome: answer ? pt?.outcome ?? 'not_evaluated' : undefined,
      reason: answer ? pt?.reason ?? (checksFailed ? 'Not reached: the request failed a check before the policies.' : 'Not evaluated.') : undefined,
    });
    if (evaluated) path.push(pid);
    const tracedRule = new Map(pt?.rules.map((r) => [r.ruleId, r]) ?? []);
    let matchedCol = 0;
    rules.forEach((rule, i) => {
      const rt = tracedRule.get(rule.id);
      const rid = nodeId.rule(rule.id);
      const ruleEvaluated = evaluated && !!rt && rt.outcome !== 'not_evaluated';
      nodes.push({
        id: rid, kind: 'rule', row: policyRow, col: i + 2, rule, policyId: policy.id, priority: i + 1,
        state: !answer ? 'idle' : !ruleEvaluated ? 'unreached' : rt!.outcome === 'matched' ? 'matched' : 'passed',
        outcome: answer ? rt?.outcome ?? 'not_evaluated' : undefined,
        reason: answer ? rt?.reason ?? (evaluated ? 'Not evaluated.' : checksFailed ? 'Not reached: the request was refused before the policies.' : pt?.outcome === 'not_evaluated' || !pt ? 'Not reached: an earlier policy matched.' : 'Not reached: its policy was passed over.') : undefined,
      });
      if (ruleEvaluated) path.push(rid);
      if (ruleEvaluated && rt!.outcome === 'matched') matchedCol = i + 2;
    });
    if (evaluated && pt!.outcome === 'matched') {
      placeResult(matchedCol || 2);
      path.push(nodeId.result);
      stopped = true;
    }
  }
  if (!resultPlaced) {
    placeResult(1);
    if (answer && !checksFailed) path.push(nodeId.result);
  }

  // Edges: the structure (faint), then the path (lit) over it.
  const edges: DiagramEdge[] = [];
  const lit = new Set<string>();
  if (answer) for (let i = 1; i < path.length; i++) lit.add(`${path[i - 1]}>${path[i]}`);
  const add = (from: string, to: string) => {
    if (!edges.some((e) => e.from === from && e.to === to)) edges.push({ from, to, lit: lit.has(`${from}>${to}`) });
  };
  const spine = [nodeId.start, nodeId.checks, ...entries.map((e) => nodeId.policy(e.policy.id))];
  const resultNode = nodes.find((n) => n.id === nodeId.result)!;
  for (let i = 1; i < spine.length; i++) add(spine[i - 1]!, spine[i]!);
  for (const { policy, rules } of entries) {
    rules.forEach((r, i) => add(i === 0 ? nodeId.policy(policy.id) : nodeId.rule(rules[i - 1]!.id), nodeId.rule(r.id)));
  }
  if (!answer) add(spine[spine.length - 1]!, nodeId.result);
  if (answer) for (let i = 1; i < path.length; i++) add(path[i - 1]!, path[i]!);
  const last = edges.find((e) => e.to === nodeId.result && e.lit);
  if (last) last.end = resultNode.state === 'granted' ? 'granted' : 'denied';

  return { nodes, edges, columns: maxRules + 1, rows: row - 1 };
}
