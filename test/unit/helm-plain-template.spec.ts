import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { chartDir, helmBin, repoRoot } from '../../scripts/deploy/helm-render.js';

// Issue 17: `helm template` on the chart, as an operator first runs it (no --kube-version), works
// with the helm the project builds (install-tools.sh builds it as helm's Makefile does); the
// chart's kubeVersion still refuses clusters older than 1.27.
const helm = (args: string[]): { code: number; out: string } => {
  try {
    return { code: 0, out: execFileSync(helmBin(), args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }) };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
};

describe('helm template deploy/helm/wardgate, as written in the docs', () => {
  it('renders without --kube-version', () => {
    const { code, out } = helm(['template', 'wardgate', chartDir, '-n', 'wardgate']);
    expect(code, out).toBe(0);
    expect(out).toMatch(/^kind: StatefulSet$/m);
    expect(out).toMatch(/^kind: EnvoyFilter$/m);
  });

  it('still refuses a cluster older than the chart supports', () => {
    const { code, out } = helm(['template', 'wardgate', chartDir, '-n', 'wardgate', '--kube-version', '1.26.0']);
    expect(code).not.toBe(0);
    expect(out).toMatch(/kubeVersion.*>=1\.27\.0-0.*incompatible with Kubernetes v1\.26\.0/);
  });
});
