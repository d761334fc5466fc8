/**
 * A private, restricted mathjs instance for reading quantities written in
 * scenario files ("3 * 7 days", "600000 IU/kg").
 *
 * Scenario files are untrusted text, so expressions are checked before they
 * run: only scalar arithmetic, units, named constants and a short list of
 * scalar functions are allowed. Everything that could reach the instance's
 * configuration, define units, parse nested expressions or allocate large
 * matrices is refused.
 */
import { all, create, type MathNode, type Unit } from 'mathjs';
import { closeMatches } from './suggest.js';

/** Longest expression accepted; quantities are short, and length bounds the work done. */
export const MAX_EXPRESSION_LENGTH = 200;

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

// `predictable` keeps dimensionless results such as "3 mg/kg" as Units, so the
// caller can still see the mg and kg parts (otherwise mathjs returns 3e-6).
const math = create(all, { predictable: true });

math.createUnit('cell', { aliases: ['cells'] });
// Prefixes give kIU and MIU, common for cytokines (e.g. "18 MIU").
math.createUnit('IU', { prefixes: 'short' });
math.createUnit('mcg', { definition: '1 ug', aliases: ['mcgs'] });
// mathjs has no molar unit. A bare "M" is left out on purpose: one capital
// letter is too easy to mistake for mega or for a variable name.
math.createUnit('mM', '1e-3 mol/L');
math.createUnit('uM', '1e-6 mol/L');
math.createUnit('nM', '1e-9 mol/L');
math.createUnit('pM', '1e-12 mol/L');

// Private references, taken before the instance is locked down.
const parse = math.parse;
const UnitClass = math.Unit;
const ConstantNode = math.ConstantNode;
const isUnitValue = math.isUnit;

/** Functions an expression can never call: they reach the parser, configuration or unit table. */
const DISABLED_FUNCTIONS = [
  'import', 'createUnit', 'evaluate', 'parse', 'compile', 'parser', 'simplify',
  'simplifyConstant', 'simplifyCore', 'rationalize', 'derivative', 'resolve',
  'reviver', 'replacer', 'config', 'chain', 'help', 'leafCount', 'symbolicEqual',
] as const;

function disabled(name: string): () => never {
  return () => {
    throw new ExpressionError(`function ${name} is disabled`);
  };
}

math.import(
  Object.fromEntries(DISABLED_FUNCTIONS.map((name) => [name, disabled(name)])),
  { override: true },
);
Object.freeze(math);

/** Scalar functions an expression may call. Nothing here can build a matrix. */
const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs', 'sqrt', 'cbrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10',
  'pow', 'min', 'max', 'round', 'floor', 'ceil',
]);

const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'to', 'mod',
]);

const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e', 'tau', 'Infinity', 'NaN']);

/** Unit names offered as suggestions when a name is not recognised. */
const COMMON_UNITS = [
  'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'hour', 'hours', 'h',
  'minute', 'minutes', 's', 'mg', 'g', 'kg', 'ug', 'mcg', 'ng', 'L', 'mL', 'uL', 'mm', 'cm',
  'um', 'cell', 'cells', 'IU', 'kIU', 'MIU', 'mM', 'uM', 'nM', 'pM', 'mol',
];

export function isUnit(value: unknown): value is Unit {
  return isUnitValue(value);
}

/** Names of the base dimensions, in the order of `Unit.dimensions`. */
export function baseDimensionNames(): readonly string[] {
  return UnitClass.BASE_DIMENSIONS;
}

function unknownName(name: string): ExpressionError {
  const candidates = [...COMMON_UNITS, ...Object.keys(UnitClass.UNITS), ...CONSTANTS];
  const near = closeMatches(name, candidates, 3);
  const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : '';
  return new ExpressionError(`unknown unit or name "${name}"${hint}`);
}

/**
 * Checks every node against the allow lists, and returns a tree in which
 * unit names are constants: "5 min" must mean minutes, not the min() function.
 */
function checkAndBindUnits(node: MathNode, scope: ReadonlySet<string>): MathNode {
  const visit = (n: MathNode): MathNode => {
    switch (n.type) {
      case 'ConstantNode':
        return n;
      case 'ParenthesisNode':
        return n.map(visit);
      case 'OperatorNode': {
        const fn = (n as unknown as { fn: string; op: string }).fn;
        if (!ALLOWED_OPERATORS.has(fn)) {
          throw new ExpressionError(`operator "${(n as unknown as { op: string }).op}" is not allowed`);
        }
        return n.map(visit);
      }
      case 'FunctionNode': {
        const fnNode = (n as unknown as { fn: MathNode }).fn;
        const name = fnNode.type === 'SymbolNode' ? (fnNode as unknown as { name: string }).name : undefined;
        if (name === undefined) {
          visit(fnNode); // names the offending part, e.g. property access in cos.constructor(...)
          throw new ExpressionError('calling the result of an expression is not allowed');
        }
        if (!ALLOWED_FUNCTIONS.has(name)) {
          throw new ExpressionError(`function ${name} is not allowed; allowed: ${[...ALLOWED_FUNCTIONS].join(', ')}`);
        }
        // Only the arguments are visited: the function name is not a unit.
        return n.map((child) => (child === fnNode ? child : visit(child)));
      }
      case 'SymbolNode': {
        const name = (n as unknown as { name: string }).name;
        if (scope.has(name) || CONSTANTS.has(name)) return n;
        if (UnitClass.isValuelessUnit(name)) return new ConstantNode(new UnitClass(null as never, name) as never);
        throw unknownName(name);
      }
      default:
        throw new ExpressionError(`${describeNode(n.type)} is not allowed in a quantity`);
    }
  };
  return visit(node);
}

function describeNode(type: string): string {
  switch (type) {
    case 'ArrayNode': return 'a matrix';
    case 'RangeNode': return 'a range';
    case 'AssignmentNode':
    case 'FunctionAssignmentNode': return 'an assignment';
    case 'AccessorNode':
    case 'IndexNode': return 'property or index access';
    case 'BlockNode': return 'more than one expression';
    case 'ObjectNode': return 'an object';
    case 'ConditionalNode': return 'a condition';
    case 'RelationalNode': return 'a comparison';
    default: return type;
  }
}

/**
 * Evaluates a short arithmetic expression with units. Returns a number or a
 * mathjs Unit. Variables come from `scope` (read only: assignments are refused).
 */
export function safeEvaluate(expression: string, scope: Record<string, unknown> = {}): unknown {
  if (typeof expression !== 'string') throw new ExpressionError('expression must be a string');
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  if (expression.trim() === '') throw new ExpressionError('expression is empty');
  let tree: MathNode;
  try {
    tree = parse(expression);
  } catch (err) {
    throw new ExpressionError((err as Error).message);
  }
  const names = new Set(Object.keys(scope));
  const checked = checkAndBindUnits(tree, names);
  // A Map keeps scope lookups away from Object.prototype names.
  const scopeMap = new Map(Object.entries(scope));
  try {
    return checked.compile().evaluate(scopeMap);
  } catch (err) {
    if (err instanceof ExpressionError) throw err;
    throw new ExpressionError((err as Error).message);
  }
}
