import { readFileSync } from 'node:fs';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';

/** The GitHub Actions workflow the README tells authors to enable, read as GitHub reads it: YAML. */
describe('docs/deploy/github-pages.yml', () => {
  const text = readFileSync('docs/deploy/github-pages.yml', 'utf8');
  const workflow = matter(`---\n${text}\n---\n`, {}).data as {
    on: { push: { branches: string[] } };
    permissions: Record<string, string>;
    jobs: Record<string, { needs?: string; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }>;
  };

  it('installs with npm ci, builds with npm run build on Node 20, and publishes out/ with the Pages actions', () => {
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toMatchObject({ pages: 'write', 'id-token': 'write' });
    const steps = workflow.jobs.build.steps;
    expect(steps.filter((s) => s.run).map((s) => s.run)).toEqual(['npm ci', 'npm run build']);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version': 20 });
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with).toEqual({ path: 'out' });
    expect(workflow.jobs.deploy.needs).toBe('build');
    expect(workflow.jobs.deploy.steps.map((s) => s.uses)).toEqual([expect.stringMatching(/^actions\/deploy-pages@v\d+$/)]);
  });
});
