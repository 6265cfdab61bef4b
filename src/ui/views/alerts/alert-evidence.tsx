// Why an alert fired and what it is made of: the newest detection's explanation (explain.ts), and
// its detections with their evidence, each with a link that opens exactly its evidence events in
// the search (evidence.ts), and one for the evidence of all of them. Values are as the API
// answers them: a masked caller sees masked ones.
import type { AlertContract } from '../../../contracts/alerts.ts';
import type { DetectionContract } from '../../../contracts/detections.ts';
import { Link } from '../../components/link.tsx';
import { ErrorNotice, Progress } from '../../components/notice.tsx';
import { formatTime } from '../../format.ts';
import { evidenceLink } from '../detections/evidence.ts';
import { explain, formatGroup } from '../detections/explain.ts';
import { useAllDetections, type AllDetections } from './use-all-detections.ts';

export function AlertEvidence({ alert, detections: first }: { alert: AlertContract; detections: readonly DetectionContract[] }) {
  const loader = useAllDetections(alert.id);
  const detections = loader.all ?? first;
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
        {detections.length < alert.detectionCount ? <LoadAll loader={loader} shown={detections.length} count={alert.detectionCount} /> : null}
        <p>
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

/** The first detections are shown; this reads the rest, page by page, with progress and cancel. */
function LoadAll({ loader, shown, count }: { loader: AllDetections; shown: number; count: number }) {
  return (
    <div class="load-all">
      <ErrorNotice error={loader.error} />
      {loader.loading === undefined ? (
        <div class="load-all-row">
          The first {shown} of {count} detections.{' '}
          <button type="button" class="secondary" onClick={loader.start}>
            Load all {count} detections
          </button>
        </div>
      ) : (
        <div class="load-all-row">
          <Progress label="Reading the alert’s detections…" value={loader.loading} max={count} />
          <button type="button" class="secondary" onClick={loader.cancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
