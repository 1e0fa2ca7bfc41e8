/**
 * The syntax tree. Every node carries its source range (`start` inclusive, `end` exclusive, UTF-16
 * offsets) and the 1-based line and column of `start`, so any later stage can point at it.
 */

export interface Located {
  start: number;
  end: number;
  line: number;
  column: number;
}

export type LiteralValue = string | number | boolean | null;

/** `'text'`, `"text"`, `12`, `3.5`, `true`, `false`, `null` */
export interface LiteralNode extends Located {
  kind: 'literal';
  value: LiteralValue;
}

/** A bare name: a top-level object (`user`), a namespace (`String`), or inside `.![...]` a field of the element. */
export interface IdentNode extends Located {
  kind: 'ident';
  name: string;
}

/** `object.property`, or `object?.property` (null-safe: null instead of an error when object is null). */
export interface MemberNode extends Located {
  kind: 'member';
  object: Expr;
  property: string;
  propertyStart: number;
  propertyEnd: number;
  nullSafe: boolean;
}

/** `object[index]` */
export interface IndexNode extends Located {
  kind: 'index';
  object: Expr;
  index: Expr;
}

/**
 * A call. `target` is null for a global function (`isMemberOfGroupName(...)`); otherwise it is the
 * expression before the dot: an IdentNode naming a namespace (`String.len(...)`) or a value whose
 * methods are called (`user.getGroups(...)`).
 */
export interface CallNode extends Located {
  kind: 'call';
  target: Expr | null;
  name: string;
  nameStart: number;
  nameEnd: number;
  args: Expr[];
  nullSafe: boolean;
}

/** Collection projection `object.![body]`: `body` evaluated with each element as the context. */
export interface ProjectionNode extends Located {
  kind: 'projection';
  object: Expr;
  body: Expr;
  nullSafe: boolean;
}

/** Inline list `{a, b, c}`; `{}` is the empty list. */
export interface ListNode extends Located {
  kind: 'list';
  items: Expr[];
}

export interface MapEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: Expr;
}

/** Inline map `{'group.type': 'OKTA_GROUP', operator: 'EXACT'}`; `{:}` is the empty map. */
export interface MapNode extends Located {
  kind: 'map';
  entries: MapEntry[];
}

export type UnaryOp = '!' | '-' | '+';

export interface UnaryNode extends Located {
  kind: 'unary';
  op: UnaryOp;
  operand: Expr;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'matches';

export interface BinaryNode extends Located {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  opStart: number;
  opEnd: number;
}

/** `AND` / `&&` and `OR` / `||`; both short-circuit. */
export interface LogicalNode extends Located {
  kind: 'logical';
  op: 'AND' | 'OR';
  left: Expr;
  right: Expr;
  opStart: number;
  opEnd: number;
}

/** `test ? then : otherwise` */
export interface TernaryNode extends Located {
  kind: 'ternary';
  test: Expr;
  then: Expr;
  otherwise: Expr;
}

/** Elvis `left ?: right`: `right` when `left` is null or the empty string. */
export interface ElvisNode extends Located {
  kind: 'elvis';
  left: Expr;
  right: Expr;
}

export type Expr =
  | LiteralNode
  | IdentNode
  | MemberNode
  | IndexNode
  | CallNode
  | ProjectionNode
  | ListNode
  | MapNode
  | UnaryNode
  | BinaryNode
  | LogicalNode
  | TernaryNode
  | ElvisNode;

/** A string literal as the source would write it (single quotes, doubled inside). */
export function quote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Prints an AST back as source with every compound sub-expression in parentheses: the tests use it
 * to show how the parser grouped operators, and it reparses to the same tree.
 */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? quote(e.value) : String(e.value);
    case 'ident':
      return e.name;
    case 'member':
      return `${formatExpr(e.object)}${e.nullSafe ? '?.' : '.'}${e.property}`;
    case 'index':
      return `${formatExpr(e.object)}[${formatExpr(e.index)}]`;
    case 'call': {
      const args = e.args.map(formatExpr).join(', ');
      return e.target ? `${formatExpr(e.target)}${e.nullSafe ? '?.' : '.'}${e.name}(${args})` : `${e.name}(${args})`;
    }
    case 'projection':
      return `${formatExpr(e.object)}${e.nullSafe ? '?.' : '.'}![${formatExpr(e.body)}]`;
    case 'list':
      return `{${e.items.map(formatExpr).join(', ')}}`;
    case 'map':
      return e.entries.length === 0 ? '{:}' : `{${e.entries.map((en) => `${quote(en.key)}: ${formatExpr(en.value)}`).join(', ')}}`;
    case 'unary':
      return `(${e.op}${formatExpr(e.operand)})`;
    case 'binary':
      return `(${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)})`;
    case 'logical':
      return `(${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)})`;
    case 'ternary':
      return `(${formatExpr(e.test)} ? ${formatExpr(e.then)} : ${formatExpr(e.otherwise)})`;
    case 'elvis':
      return `(${formatExpr(e.left)} ?: ${formatExpr(e.right)})`;
  }
}

/** The direct sub-expressions of a node, in source order. */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'ident':
      return [];
    case 'member':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'call':
      return e.target ? [e.target, ...e.args] : e.args;
    case 'projection':
      return [e.object, e.body];
    case 'list':
      return e.items;
    case 'map':
      return e.entries.map((en) => en.value);
    case 'unary':
      return [e.operand];
    case 'binary':
    case 'logical':
      return [e.left, e.right];
    case 'ternary':
      return [e.test, e.then, e.otherwise];
    case 'elvis':
      return [e.left, e.right];
  }
}
