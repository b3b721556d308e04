export { Workspace, LayerTransaction, CancelledError } from './workspace.ts';
export type { LayerMeta, InsertOptions, AnalysisInput, StoredAnalysis, AnalysisListing, FeatureFilter, PointColumns, StoredFeature } from './workspace.ts';
export { WorkspaceBusyError } from './busy.ts';
