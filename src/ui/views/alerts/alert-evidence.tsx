// Why an alert fired and what it is made of: the newest detection's explanation (explain.ts), and
// its detections with their evidence, each with a link that opens exactly its evidence events in
// the search (evidence.ts), and one for the evidence of all of them. Values are as the API
// answers them: a masked caller sees masked ones.
import type { AlertContract } from '../../../contracts/alerts.ts';
import type { DetectionContract } from '../../../contracts/detections.ts';
import { Link } from '../../components/link.tsx';
import { formatTime } from '../../format.ts';
import { evidenceLink } from '../detections/evidence.ts';
import { explain, formatGroup } from '../detections/explain.ts';

export function AlertEvidence({ alert, detections }: { alert: AlertContract; detections: readonly DetectionContract[] }) {
  const newest = detections.at(-1);
  const all = evidenceLink(detections);
  return (
    <>
      <section aria-labelledby="alert-why">
        <h2 id="alert-why">Why it fired</h2>
        {newest ? <Explanation detection={newest} /> : <p class="empty">No detection of this alert is readable.</p>}
      </section>
      <section aria-labelledby="alert-evidence">
        <h2 id="alert-evidence">Evidence</h2>
        <p>
          {detections.length < alert.detectionCount ? `The first ${detections.length} of ${alert.detectionCount} detections. ` : ''}
          {all ? (
            <Link to={all.path} class="button secondary">
              Open in search
            </Link>
          ) : null}
          {all && all.leftOut > 0 ? (
            <span class="muted">
              {' '}
              (the first {all.linked} events; {all.leftOut} more are left out of the link)
            </span>
          ) : null}
        </p>
        <DetectionsTable detections={detections} />
      </section>
    </>
  );
}

export function Explanation({ detection }: { detection: DetectionContract }) {
  const group = formatGroup(detection.group);
  return (
    <dl class="facts explanation" aria-label="Explanation">
      <div>
        <dt>Detection</dt>
        <dd>{detection.message}</dd>
      </div>
      <div>
        <dt>Group key</dt>
        <dd class="mono">{group || 'none'}</dd>
      </div>
      {explain(detection.why).map((line) => (
        <div key={line.label}>
          <dt>{line.label}</dt>
          <dd>{line.value}</dd>
        </div>
      ))}
      <div>
        <dt>Evidence events</dt>
        <dd class="mono">{detection.events.length > 20 ? `${detection.events.slice(0, 20).join(', ')} … (${detection.events.length})` : detection.events.join(', ')}</dd>
      </div>
    </dl>
  );
}

function DetectionsTable({ detections }: { detections: readonly DetectionContract[] }) {
  return (
    <table class="evidence" aria-label="Detections of this alert">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Message</th>
          <th scope="col">Events</th>
          <th scope="col">Search</th>
        </tr>
      </thead>
      <tbody>
        {detections.map((detection) => {
          const link = evidenceLink([detection]);
          return (
            <tr key={detection.id}>
              <td class="mono">{formatTime(detection.time)}</td>
              <td>{detection.message}</td>
              <td>{detection.events.length}</td>
              <td>{link ? <Link to={link.path}>Open its {detection.events.length} events</Link> : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
