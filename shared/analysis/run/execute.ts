/**
 * One entry point for every analysis kind, so the CLI (inline) and the app (in a worker thread)
 * run exactly the same code on the same plain inputs. Each method's module is loaded when a run
 * of it starts: a DBSCAN run from the CLI then does not load what corridors need (Turf's buffer
 * with JSTS and d3-geo, over half a megabyte), which took about 20 ms of its start-up. The run
 * itself stays synchronous.
 */
import type { AnalysisRequest } from '../../api/analysisInputs.ts';
import type { AnalysisInputData, AnalysisOutput, RunOptions } from './types.ts';

export async function executeAnalysis(req: AnalysisRequest, input: AnalysisInputData, opts: RunOptions = {}): Promise<AnalysisOutput> {
  switch (req.kind) {
    case 'dbscan':
      return (await import('./runDbscan.ts')).runDbscan(req, input, opts);
    case 'gistar':
      return (await import('./runGistar.ts')).runGistar(req, input, opts);
    case 'kde':
      return (await import('./runKde.ts')).runKde(req, input, opts);
    case 'nni':
      return (await import('./runNni.ts')).runNni(req, input, opts);
    case 'emerging':
      return (await import('./runEmerging.ts')).runEmerging(req, input, opts);
    case 'corridors':
      return (await import('./runCorridors.ts')).runCorridors(req, input, opts);
    case 'areas':
      return (await import('./runAreas.ts')).runAreas(req, input, opts);
  }
}
