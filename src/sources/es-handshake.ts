// The Elasticsearch handshake: what Elasticsearch shippers and clients ask before they send
// (`GET /` for the version, `/_license`, `/_cluster/health`) answered minimally, and the index
// templates, legacy templates and lifecycle policies they PUT and read back (kept in memory only,
// src/sources/es-settings-store.ts; they have no effect on storage). Part of the `_bulk` source; a
// Fastify plugin with the Elasticsearch face, registered by the API app.
import { createHash } from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';
import { ELASTICSEARCH_TYPE } from '../errors/http-errors.ts';
import { ES_COMPAT_VERSION, esRoute, useElasticsearchFace } from './es-face.ts';
import { ES_SETTINGS_MAX_BODY_BYTES, EsSettingsStore, type EsSettingsKind } from './es-settings-store.ts';
import type { HttpSourceOptions } from './http-ingest-request.ts';

const CLUSTER_NAME = 'logwarden';

export const esHandshakeSource: FastifyPluginAsync<HttpSourceOptions> = async (app, options) => {
  useElasticsearchFace(app, options.logger);
  const clusterUuid = createHash('sha256').update(`logwarden:${options.config.dataDir}`).digest('base64url').slice(0, 22);
  app.get('/', esRoute('authenticated'), async () => clusterInfo(clusterUuid));
  app.get('/_license', esRoute('authenticated'), async () => license(clusterUuid));
  app.get('/_cluster/health', esRoute('authenticated'), async () => clusterHealth());
  registerSettingsRoutes(app, new EsSettingsStore());
};

function clusterInfo(clusterUuid: string): Record<string, unknown> {
  return {
    name: os.hostname(),
    cluster_name: CLUSTER_NAME,
    cluster_uuid: clusterUuid,
    version: {
      number: ES_COMPAT_VERSION,
      build_flavor: 'default',
      build_type: 'logwarden',
      build_hash: 'logwarden',
      build_date: '2024-12-11T00:00:00.000Z',
      build_snapshot: false,
      lucene_version: '9.12.0',
      minimum_wire_compatibility_version: '7.17.0',
      minimum_index_compatibility_version: '7.0.0',
    },
    tagline: 'You Know, for Search',
  };
}

function license(clusterUuid: string): Record<string, unknown> {
  return {
    license: {
      status: 'active',
      uid: clusterUuid,
      type: 'basic',
      issue_date: '2024-01-01T00:00:00.000Z',
      issue_date_in_millis: 1_704_067_200_000,
      max_nodes: 1000,
      max_resource_units: null,
      issued_to: CLUSTER_NAME,
      issuer: 'elasticsearch',
      start_date_in_millis: -1,
    },
  };
}

function clusterHealth(): Record<string, unknown> {
  return {
    cluster_name: CLUSTER_NAME,
    status: 'green',
    timed_out: false,
    number_of_nodes: 1,
    number_of_data_nodes: 1,
    active_primary_shards: 0,
    active_shards: 0,
    relocating_shards: 0,
    initializing_shards: 0,
    unassigned_shards: 0,
  };
}

/** GET and PUT of index templates, legacy templates and lifecycle policies, kept in `stored`. */
function registerSettingsRoutes(app: FastifyInstance, stored: EsSettingsStore): void {
  const named = (kind: EsSettingsKind, path: string, present: (name: string, body: unknown) => unknown) => {
    app.get(path, esRoute('authenticated'), async (request) => {
      const { name } = request.params as { name: string };
      const body = stored.get(kind, name);
      if (body === undefined) throw new LogwardenError('LW_NOT_FOUND', `${kind.replace('_', ' ')} [${name}] not found`);
      return present(name, jsonBody(body));
    });
    // Writing needs an ingest or admin token (a reader only reads, R-ACCESS-1); the body is small.
    app.put(path, esRoute('ingest', ES_SETTINGS_MAX_BODY_BYTES), async (request) => {
      const { name } = request.params as { name: string };
      const body = request.body instanceof Buffer ? request.body : Buffer.alloc(0);
      jsonBody(body); // refuse what is not JSON now, not when it is read back
      stored.set(kind, name, body);
      return { acknowledged: true };
    });
  };
  named('index_template', '/_index_template/:name', (name, body) => ({ index_templates: [{ name, index_template: body }] }));
  named('template', '/_template/:name', (name, body) => ({ [name]: body }));
  named('policy', '/_ilm/policy/:name', (name, body) => ({
    [name]: { version: 1, modified_date: new Date(0).toISOString(), policy: (body as { policy?: unknown } | undefined)?.policy ?? {} },
  }));
}

function jsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LogwardenError('LW_BAD_REQUEST', `request body is not valid JSON: ${(error as Error).message}`, { [ELASTICSEARCH_TYPE]: 'parse_exception' });
  }
}
