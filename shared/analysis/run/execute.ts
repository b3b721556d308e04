/**
 * One entry point for every analysis kind, so the CLI (inline) and the app (in a worker thread)
 * run exactly the same code on the same plain inputs.
 */
import type { AnalysisRequest } from '../../api/analysisInputs.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';
import { runDbscan } from './runDbscan.ts';
import { runGistar } from './runGistar.ts';
import { runEmerging } from './runEmerging.ts';
import { runCorridors } from './runCorridors.ts';
import { runKde } from './runKde.ts';
import { runNni } from './runNni.ts';

export function executeAnalysis(req: AnalysisRequest, input: AnalysisInputData, opts: RunOptions = {}): AnalysisOutput {
  switch (req.kind) {
    case 'dbscan':
      return runDbscan(req, input, opts);
    case 'gistar':
      return runGistar(req, input, opts);
    case 'kde':
      return runKde(req, input, opts);
    case 'nni':
      return runNni(req, input, opts);
    case 'emerging':
      return runEmerging(req, input, opts);
    case 'corridors':
      return runCorridors(req, input, opts);
  }
}
