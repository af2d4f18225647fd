import type { Provider } from '@nestjs/common';
import { Client } from '@elastic/elasticsearch';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { ElasticsearchPolicySearch } from './elasticsearch-policy-search';
import { PolicySearchService } from './policy-search.service';
import { PostgresPolicySearch } from './postgres-policy-search';
import { SearchIndexer } from './search-indexer';
import { POLICY_SEARCH_BACKEND, PolicySearchBackend } from './search.types';

/** PostgreSQL full-text search by default; Elasticsearch when ELASTICSEARCH_URL is configured. */
export function createPolicySearchBackend(config: AppConfig, dataSource: DataSource): PolicySearchBackend {
  return config.search.mode === 'elasticsearch'
    ? new ElasticsearchPolicySearch(new Client({ node: config.search.url }))
    : new PostgresPolicySearch(dataSource);
}

export const POLICY_SEARCH_PROVIDERS: Provider[] = [
  { provide: POLICY_SEARCH_BACKEND, inject: [APP_CONFIG, DataSource], useFactory: createPolicySearchBackend },
  PolicySearchService,
  SearchIndexer,
];
