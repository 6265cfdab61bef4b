// A system's field coverage over the last 24 hours in a few words: the lowest share among the
// policy's required fields (R-FIELDS-1), with the requirement it belongs to.
import type { CoverageResponse } from '../../../contracts/systems.ts';
import { api } from '../../api.ts';
import { useAnswer } from '../../components/use-answer.ts';

export function useCoverage(system: string) {
  return useAnswer((signal) => api<CoverageResponse>('GET', `/api/v1/systems/${encodeURIComponent(system)}/coverage`, { signal }), [system]);
}

/** The requirement met by the smallest share of events, or undefined with no events. */
export function weakest(coverage: CoverageResponse): { requirement: string; percent: number } | undefined {
  let worst: { requirement: string; percent: number } | undefined;
  for (const requirement of coverage.requirements) {
    const percent = coverage.overall.present[requirement.key]?.percent;
    if (percent === null || percent === undefined) continue;
    if (!worst || percent < worst.percent) worst = { requirement: requirement.requirement, percent };
  }
  return worst;
}

export function CoverageCell({ system }: { system: string }) {
  const answer = useCoverage(system);
  if (answer.error) return <span class="muted">—</span>;
  if (!answer.data) return <span class="muted">…</span>;
  const worst = weakest(answer.data);
  if (!worst) return <span class="muted">no events (24 h)</span>;
  return <span class={worst.percent < 100 ? 'coverage-gap' : 'coverage-full'}>{worst.percent === 100 ? 'all required fields 100%' : `${worst.requirement}: ${worst.percent}%`}</span>;
}
