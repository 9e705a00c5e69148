/** Placeholder until the checker lands (issue 6): `npm run check` verifies a built site. */
export async function checkSite(outDir: string, options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Promise<void> {
  options.log?.(`masthead: check of ${outDir} not implemented yet`);
}
