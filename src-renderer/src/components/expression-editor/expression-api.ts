/*
 * Wire types and calls of the server's expression APIs (README "Decisions, explained"):
 * POST /gatehouse/expressions/{validate,evaluate,complete}, GET /gatehouse/expressions/functions.
 * Kept here, not in api/types.ts, because only the expression editor uses them.
 */
import { api } from '../../api/client';

/** An Okta Expression Language issue: where (UTF-16 offsets, 1-based line/column) and what. */
export interface ExprIssue {
  stage: 'parse' | 'check' | 'evaluate';
  code: string;
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface ValidateResult {
  valid: boolean;
  issues: ExprIssue[];
}

export type ExprValue = string | number | boolean | null | ExprValue[] | { [key: string]: ExprValue };

export interface TraceEntry {
  start: number;
  end: number;
  value: ExprValue;
}

export type EvaluateResult = { ok: true; value: ExprValue; trace?: TraceEntry[] } | { ok: false; issues: ExprIssue[]; trace?: TraceEntry[] };

export interface CompletionItem {
  label: string;
  kind: 'object' | 'property' | 'function' | 'namespace';
  detail: string;
  doc: string;
  insertText: string;
  start: number;
  end: number;
}

export interface FunctionInfo {
  name: string;
  /** `String`, `Arrays`, ...; `user` for methods of user; null for global functions. */
  namespace: string | null;
  signature: string;
  returns: string;
  doc: string;
  minArgs: number;
  maxArgs: number | null;
  deprecated?: boolean;
}

const BASE = '/gatehouse/expressions';

export function validateExpression(expression: string, signal?: AbortSignal): Promise<ValidateResult> {
  return api<ValidateResult>(`${BASE}/validate`, { method: 'POST', body: { expression }, signal });
}

export function evaluateExpression(
  body: { expression: string; clientId: string; userId?: string; scopes?: string[]; trace?: boolean },
  signal?: AbortSignal,
): Promise<EvaluateResult> {
  return api<EvaluateResult>(`${BASE}/evaluate`, { method: 'POST', body, signal });
}

export async function completeExpression(expression: string, offset: number, signal?: AbortSignal): Promise<CompletionItem[]> {
  return (await api<{ items: CompletionItem[] }>(`${BASE}/complete`, { method: 'POST', body: { expression, offset }, signal })).items;
}

let catalogue: Promise<FunctionInfo[]> | undefined;
/** The function library with signatures and docs; fetched once (it never changes while the server runs). */
export function functionCatalogue(): Promise<FunctionInfo[]> {
  catalogue ??= api<FunctionInfo[]>(`${BASE}/functions`).catch((e: unknown) => {
    catalogue = undefined;
    throw e;
  });
  return catalogue;
}

let topLevel: Promise<CompletionItem[]> | undefined;
/** The top-level objects and namespaces with their docs (what completion offers on an empty line). */
export function topLevelNames(): Promise<CompletionItem[]> {
  topLevel ??= completeExpression('', 0).catch((e: unknown) => {
    topLevel = undefined;
    throw e;
  });
  return topLevel;
}
