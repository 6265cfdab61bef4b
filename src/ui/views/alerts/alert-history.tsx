// An alert's history: every transition (docs/api.md, "GET /api/v1/alerts/:id"), each with its
// number, time, who made it, the change, the state after it and why when one was given (a masked
// caller gets no why from the API, so none is shown).
import type { AlertDetailResponse } from '../../../contracts/alerts.ts';
import { formatTime } from '../../format.ts';

export function AlertHistory({ history }: { history: AlertDetailResponse['history'] }) {
  return (
    <section aria-labelledby="alert-history">
      <h2 id="alert-history">History</h2>
      <table class="history" aria-label="History">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Change</th>
            <th scope="col">State after</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {history.map((transition) => (
            <tr key={transition.n}>
              <td>{transition.n}</td>
              <td class="mono">{formatTime(transition.at)}</td>
              <td>{transition.by}</td>
              <td>{transition.change}</td>
              <td>{transition.state}</td>
              <td>{transition.why ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
