'use strict';
// Number formats and row lookups shared by the report's sections.
const { roundRatio } = require('./rounds');

const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const fmtMs = (n) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const fmtPct = (n) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : '—');
const fmtRatio = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}x` : '—');
const mb = (b) => (Number.isFinite(b) ? (b / 2 ** 20).toFixed(1) : '—');

function findRow(rows, { scenario, server, wire, connections }) {
  return rows.find((r) => r.scenario === scenario && r.server === server && (wire === undefined || r.wire === wire) && r.connections === connections);
}

/** The row a Skillnest row is compared with, for one peer. */
function peerRow(rows, row, peer) {
  if (peer === 'fastify-bare') {
    const server = row.scenario === 'pg select' ? 'raw pg (fastify)' : 'fastify-bare';
    return findRow(rows, { scenario: row.scenario, server, connections: row.connections });
  }
  return findRow(rows, { scenario: row.scenario, server: peer, wire: row.wire, connections: row.connections });
}

function ratio(rows, row, peer) {
  if (row.server !== 'skillnest' || !row.valid) return '';
  const other = peerRow(rows, row, peer);
  if (!other) return '';
  if (!other.valid) return 'peer invalid';
  return fmtRatio(roundRatio(row, other, 'rps').value);
}

module.exports = { findRow, fmtInt, fmtMs, fmtPct, fmtRatio, mb, peerRow, ratio };
