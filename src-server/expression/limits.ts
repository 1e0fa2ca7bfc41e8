/**
 * Every bound the expression language enforces, in one place (house rule 5: source length, depth,
 * steps and sizes). The README lists them with their reasons.
 */
export const LIMITS = {
  /** Longest expression source accepted (reference §3.5: a claim value is at most 1024 characters). */
  maxSourceLength: 1024,
  /** Deepest nesting of sub-expressions the parser accepts (parentheses, calls, lists, unary operators). */
  maxDepth: 64,
  /** Default evaluation budget; each node costs one step, functions also pay for the data they touch. */
  defaultMaxSteps: 10_000,
  /** Longest string an evaluation may produce (UTF-16 code units). */
  maxStringLength: 65_536,
  /** Largest array an evaluation may produce. */
  maxArrayLength: 10_000,
  /** Regex engine instructions that one evaluation step pays for. */
  regexWorkPerStep: 100,
  /** Longest regular expression accepted (characters of the pattern). */
  maxRegexLength: 1_000,
  /** Largest compiled regular expression (instructions, after expanding `{n,m}`). */
  maxRegexProgram: 10_000,
  /** Largest repetition count in `{n,m}`. */
  maxRegexRepeat: 1_000,
  /** Okta's cap on groups returned by the group functions and in a groups claim. */
  maxGroups: 100,
  /** Compiled programs kept by `compile` (least recently used are dropped first). */
  compileCacheSize: 1_000,
  /** How deeply `getFilteredGroups` group expressions may nest inside each other. */
  maxInnerExpressionDepth: 2,
} as const;
