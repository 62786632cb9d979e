import type { ServiceRecord } from './service-record.interface';

/**
 * The example's service catalog. A real deployment would load this from Backstage, a CMDB or a
 * database; the shape is what such catalogs hold.
 */
export const SERVICE_CATALOG: readonly ServiceRecord[] = [
  { name: 'checkout-api', owner: 'payments', tier: 'tier1', runtime: 'node', repository: 'git.example.com/payments/checkout-api', dependsOn: ['payments-gateway', 'inventory-service', 'user-profile'], sloAvailability: 99.95, oncallChannel: '#payments-oncall' },
  { name: 'payments-gateway', owner: 'payments', tier: 'tier1', runtime: 'java', repository: 'git.example.com/payments/gateway', dependsOn: ['ledger'], sloAvailability: 99.99, oncallChannel: '#payments-oncall' },
  { name: 'ledger', owner: 'finance-platform', tier: 'tier1', runtime: 'go', repository: 'git.example.com/finance/ledger', dependsOn: [], sloAvailability: 99.99, oncallChannel: '#finance-oncall' },
  { name: 'inventory-service', owner: 'fulfilment', tier: 'tier2', runtime: 'go', repository: 'git.example.com/fulfilment/inventory', dependsOn: ['warehouse-sync'], sloAvailability: 99.9, oncallChannel: '#fulfilment-oncall' },
  { name: 'warehouse-sync', owner: 'fulfilment', tier: 'tier3', runtime: 'python', repository: 'git.example.com/fulfilment/warehouse-sync', dependsOn: [], sloAvailability: 99.5, oncallChannel: '#fulfilment-oncall' },
  { name: 'user-profile', owner: 'identity', tier: 'tier2', runtime: 'node', repository: 'git.example.com/identity/user-profile', dependsOn: ['auth-service'], sloAvailability: 99.9, oncallChannel: '#identity-oncall' },
  { name: 'auth-service', owner: 'identity', tier: 'tier1', runtime: 'go', repository: 'git.example.com/identity/auth', dependsOn: [], sloAvailability: 99.99, oncallChannel: '#identity-oncall' },
  { name: 'search-indexer', owner: 'discovery', tier: 'tier3', runtime: 'python', repository: 'git.example.com/discovery/indexer', dependsOn: ['inventory-service'], sloAvailability: 99.0, oncallChannel: '#discovery-oncall' },
];
