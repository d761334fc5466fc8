// Minimal declaration of the odex 3 API this project uses (the package ships
// only TypeScript sources that do not type-check under --strict).
declare module 'odex' {
  export type DenseOutputFunction = (component: number, x: number) => number;
  export type OutputFunction = (xOld: number, x: number, y: number[], dense: DenseOutputFunction) => void;
  export type RawDerivative = (x: number, y: number[], out: number[]) => void;
  export interface Options {
    maxSteps: number;
    initialStepSize: number;
    maxStepSize: number;
    denseOutput: boolean;
    denseComponents: number[];
    relativeTolerance: number | number[];
    absoluteTolerance: number | number[];
    rawFunction: boolean;
  }
  export interface SolveResult {
    y: number[];
    nStep: number;
    xEnd: number;
    nAccept: number;
    nReject: number;
    nEval: number;
  }
  export class Solver {
    constructor(f: RawDerivative, n: number, options?: Partial<Options>);
    solve(x0: number, y0: number[], xEnd: number, solOut?: OutputFunction): SolveResult;
  }
}
