/**
 * A run worked in a team workspace's database (the pushdown path: DBSCAN's candidates and Gi*'s
 * cells found by SQL) writes its sentences in the language asked for, as the run from the points
 * does (issue 18): the demo copied into a throwaway PostGIS cluster, the pushdown threshold
 * lowered, the stacked-points warning and Gi*'s study area in Spanish equal to the workspace
 * file's own Spanish run, word for word.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import type { CliIO } from '../../../cli/command.ts';
import { openStore } from '../../../electron/backend/store/openStore.ts';
import { runAnalysis } from '../../../electron/backend/analysis/analysisService.ts';
import type { AnalysisRequest } from '../../../shared/api/analysisInputs.ts';
import { translator } from '../../../shared/i18n/translator.ts';
import { ADMIN, createDatabase, startCluster, type Cluster } from '../../support/pgCluster.ts';
import { tempDir } from '../analysisService/helpers.ts';

const t = tempDir('frontera-postgis-language-');
let cluster: Cluster;
let teamUrl: string;
const demo = () => path.join(t.dir, 'demo.frontera');

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io = { stdout: () => {}, stderr: (s: string) => void (stderr += s) } as unknown as CliIO;
  return { code: await runCli(args, io), stderr };
}

beforeAll(async () => {
  cluster = await startCluster();
  const db = await createDatabase(cluster, 'runlanguage');
  process.env.PGPASSWORD = cluster.adminPassword;
  teamUrl = `postgresql://${ADMIN}@127.0.0.1:${cluster.port}/${db}?schema=team&sslmode=disable`;
  for (const args of [['demo', demo()], ['init', teamUrl], ['copy', demo(), teamUrl]]) {
    const r = await cli(...args);
    expect(r.code, r.stderr).toBe(0);
  }
}, 240_000);

afterAll(() => t.cleanup());

describe('a run in the database, in Spanish', () => {
  it('writes the same Spanish warnings and study area as the run from the points', async () => {
    const requests: AnalysisRequest[] = [
      { kind: 'dbscan', layer: 'incidents', eps: 500, minPoints: 5 },
      { kind: 'gistar', layer: 'incidents', cellSize: 2000 },
    ];
    const file = await openStore(demo());
    const team = await openStore(teamUrl);
    process.env.FRONTERA_PUSHDOWN_MIN_POINTS = '1';
    const candidates = vi.spyOn(team.pushdown!, 'dbscanCandidates');
    const cells = vi.spyOn(team.pushdown!, 'cellCounts');
    try {
      for (const req of requests) {
        const here = await runAnalysis(file, req, { actor: 'test', language: 'es' });
        const there = await runAnalysis(team, req, { actor: 'test', language: 'es' });
        expect(there.run.warnings, req.kind).toEqual(here.run.warnings);
        expect(there.run.warnings[0], req.kind).toMatch(/^2 puntos apilados reúnen 300 de los 5,512 incidentes/);
        expect(there.run.warnings[0]).toContain(`(${translator('es', 'app')('selection.excludeStacked')})`);
        if (req.kind === 'gistar') {
          expect(there.run.summary.studyArea).toBe(here.run.summary.studyArea);
          expect(there.run.summary.studyArea).toContain(translator('es', 'analysis')('studyArea.windows.boxCell'));
        }
      }
      // Both runs on the team workspace went through the database (the pushdown path).
      expect(candidates).toHaveBeenCalledTimes(1);
      expect(cells).toHaveBeenCalledTimes(1);
    } finally {
      delete process.env.FRONTERA_PUSHDOWN_MIN_POINTS;
      await team.close();
      await file.close();
    }
  }, 240_000);
});
