// The rules in force (GET /api/v1/rules): each loaded rule with its level, kind and ruleset, and
// each rule file that cannot run here with the reason. Folded by default: the shipped pack alone
// is dozens of rules.
import type { RulesListResponse } from '../../../contracts/rules.ts';
import { Busy, ErrorNotice } from '../../components/notice.tsx';
import { LevelBadge } from './badges.tsx';
import type { Loaded } from './use-load.ts';

export function RulesList({ rules }: { rules: Loaded<RulesListResponse> }) {
  const { data } = rules;
  return (
    <section aria-labelledby="rules-in-use">
      <h2 id="rules-in-use">Rules in use</h2>
      <ErrorNotice error={rules.error} />
      {data ? (
        <details>
          <summary>
            {data.rules.length} loaded, {data.skipped.length} skipped
          </summary>
          <table class="rules-table" aria-label="Rules">
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Level</th>
                <th scope="col">Kind</th>
                <th scope="col">Ruleset</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.map((rule) => (
                <tr key={`${rule.ruleset}/${rule.id}`}>
                  <td title={rule.id}>{rule.title}</td>
                  <td>
                    <LevelBadge level={rule.level} />
                  </td>
                  <td>{rule.kind === 'detection' ? 'detection' : `correlation (${rule.type})`}</td>
                  <td>{rule.ruleset}</td>
                  <td>{rule.status ? `loaded (${rule.status})` : 'loaded'}</td>
                </tr>
              ))}
              {data.skipped.map((skipped) => (
                <tr key={`${skipped.ruleset}/${skipped.path}/${skipped.id ?? ''}`}>
                  <td>{skipped.title ?? skipped.path}</td>
                  <td />
                  <td />
                  <td>{skipped.ruleset}</td>
                  <td>skipped: {skipped.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : rules.error ? null : (
        <Busy />
      )}
    </section>
  );
}
