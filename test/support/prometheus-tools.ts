import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../scripts/deploy/helm-render.js';

export interface PrometheusTools {
  prometheus: string;
  promtool: string;
}

/**
 * Debian's prometheus and promtool, installed on first use by scripts/deploy/install-tools.sh
 * (apt-get download + dpkg-deb -x into .cache/tools; a warm run takes well under a second).
 * WARDGATE_PROMETHEUS_BIN / WARDGATE_PROMTOOL_BIN point at others.
 */
export function ensurePrometheusTools(): PrometheusTools {
  const fromEnv = { prometheus: process.env['WARDGATE_PROMETHEUS_BIN'], promtool: process.env['WARDGATE_PROMTOOL_BIN'] };
  if (fromEnv.prometheus && fromEnv.promtool) return { prometheus: fromEnv.prometheus, promtool: fromEnv.promtool };
  execFileSync('bash', [path.join(repoRoot, 'scripts', 'deploy', 'install-tools.sh'), 'prometheus'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  const bin = path.join(repoRoot, '.cache', 'tools', 'bin');
  return { prometheus: path.join(bin, 'prometheus'), promtool: path.join(bin, 'promtool') };
}

/** The alerting rules, their promtool unit tests and the Grafana dashboard in deploy/. */
export const rulesFile = path.join(repoRoot, 'deploy', 'prometheus', 'wardgate-rules.yaml');
export const rulesTestFile = path.join(repoRoot, 'deploy', 'prometheus', 'wardgate-rules.test.yaml');
export const dashboardFile = path.join(repoRoot, 'deploy', 'grafana', 'wardgate-dashboard.json');
