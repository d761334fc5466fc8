import { describe, expect, it } from 'vitest';
import { ExpressionError, isUnit, MAX_EXPRESSION_LENGTH, safeEvaluate } from '../src/units/math.js';

function refused(expression: string, scope?: Record<string, unknown>): string {
  try {
    safeEvaluate(expression, scope);
  } catch (err) {
    expect(err).toBeInstanceOf(ExpressionError);
    return (err as Error).message;
  }
  throw new Error(`"${expression}" was evaluated`);
}

describe('safeEvaluate', () => {
  it('evaluates arithmetic with units', () => {
    const value = safeEvaluate('3 * 7 days');
    expect(isUnit(value) && value.toNumber('day')).toBe(21);
    expect(safeEvaluate('sqrt(16) + 2^3')).toBe(12);
    expect(safeEvaluate('x * 2', { x: 4 })).toBe(8);
  });

  it.each(['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'resolve', 'reviver', 'config', 'compile', 'chain'])(
    'refuses to call %s',
    (name) => {
      expect(refused(`${name}("1 + 1")`)).toMatch(new RegExp(`function ${name} is not allowed`));
    },
  );

  it('refuses the dangerous functions through every syntax that could reach them', () => {
    expect(refused('import({x: 1}, {override: true})')).toMatch(/not allowed/);
    expect(refused('createUnit("foo", "1 m")')).toMatch(/not allowed/);
    expect(refused('f = evaluate; f("1")')).toMatch(/not allowed/);
    expect(refused('g(x) = parse(x)')).toMatch(/assignment is not allowed/);
    // A bare name is not a function value either: only listed functions are called, by name.
    expect(refused('(evaluate)("1")')).toMatch(/unknown unit or name "evaluate"|not allowed/);
  });

  it('cannot reach constructors or properties', () => {
    expect(refused('cos.constructor("return process")()')).toBeTruthy();
    expect(refused('cos.constructor("return process")(1)')).toMatch(/not allowed/);
    expect(refused('cos.constructor("return process")')).toMatch(/property or index access is not allowed/);
    expect(refused('cos["constructor"]("return process")')).toMatch(/property or index access is not allowed/);
    expect(refused('unit("1 m").constructor')).toMatch(/not allowed/);
    expect(refused('constructor')).toMatch(/unknown unit or name "constructor"/);
    expect(refused('__proto__')).toMatch(/unknown unit or name/);
    expect(refused('x.constructor', { x: 1 })).toMatch(/not allowed/);
  });

  it('does not write into the scope', () => {
    const scope: Record<string, unknown> = { x: 1 };
    expect(refused('x = 2', scope)).toMatch(/assignment is not allowed/);
    expect(scope).toEqual({ x: 1 });
  });

  it('refuses matrix construction quickly instead of exhausting memory', () => {
    const started = performance.now();
    expect(refused('zeros(30000, 30000)')).toMatch(/function zeros is not allowed/);
    for (const expression of ['ones(30000, 30000)', 'identity(30000)', 'range(0, 1e9)', 'matrix([1])', 'random([30000, 30000])']) {
      expect(refused(expression)).toMatch(/not allowed/);
    }
    expect(refused('1:1e9')).toMatch(/range is not allowed/);
    expect(refused('[1, 2, 3]')).toMatch(/matrix is not allowed/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('limits the expression length', () => {
    expect(refused(`1${' + 1'.repeat(MAX_EXPRESSION_LENGTH)}`)).toMatch(/longer than 200 characters/);
  });

  it('refuses comparisons, conditions and several statements', () => {
    expect(refused('1 < 2')).toMatch(/not allowed/);
    expect(refused('1 ? 2 : 3')).toMatch(/not allowed/);
    expect(refused('1; 2')).toMatch(/not allowed/);
  });
});
