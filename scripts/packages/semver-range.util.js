/**
 * The intersection of two semver ranges, as a range (`^20.19.0 || >=22.12.0` and
 * `^20.19.0 || ^22.12.0 || >=24.0.0` give the second), for the Node engines of a package: the
 * versions that every package it brings allows. semver itself answers "do they overlap" and "is
 * one inside the other", not "what is common".
 */

/** The lower and upper bounds of one comparator set (`>=20.19.0 <21.0.0-0`); undefined when it matches no version. */
function boundsOf(semver, comparators) {
  let lower;
  let upper;
  const raise = (version, inclusive) => {
    const order = lower ? semver.compare(version, lower.version) : 1;
    if (order > 0 || (order === 0 && !inclusive)) lower = { version, inclusive };
  };
  const cap = (version, inclusive) => {
    const order = upper ? semver.compare(version, upper.version) : -1;
    if (order < 0 || (order === 0 && !inclusive)) upper = { version, inclusive };
  };
  for (const comparator of comparators) {
    if (comparator.semver === semver.Comparator.ANY) continue;
    const { version } = comparator.semver;
    if (comparator.operator === '' || comparator.operator === '=') {
      raise(version, true);
      cap(version, true);
    } else if (comparator.operator.startsWith('>')) raise(version, comparator.operator === '>=');
    else cap(version, comparator.operator === '<=');
  }
  if (lower && upper) {
    const order = semver.compare(lower.version, upper.version);
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) return undefined;
  }
  return { lower, upper };
}

/** One set of bounds as range text: `^X.Y.Z` where it is one (`>=22.15.0 <23.0.0-0`), `X.Y.Z` for one version. */
function formatBounds({ lower, upper }) {
  if (lower?.inclusive && upper?.inclusive && lower.version === upper.version) return lower.version;
  if (lower?.inclusive && upper && !upper.inclusive) {
    const major = Number(lower.version.split('.')[0]);
    if (major > 0 && upper.version === `${major + 1}.0.0-0`) return `^${lower.version}`;
  }
  const parts = [lower && `${lower.inclusive ? '>=' : '>'}${lower.version}`, upper && `${upper.inclusive ? '<=' : '<'}${upper.version}`].filter(Boolean);
  return parts.join(' ') || '*';
}

/**
 * The range of the versions both `a` and `b` allow, or undefined when there are none. Sets
 * contained in another are left out, and the rest ordered by their lowest version.
 */
function intersectRanges(semver, a, b) {
  const sets = [];
  for (const left of new semver.Range(a).set) {
    for (const right of new semver.Range(b).set) {
      const bounds = boundsOf(semver, [...left, ...right]);
      if (bounds) sets.push(formatBounds(bounds));
    }
  }
  const distinct = [...new Set(sets)];
  const kept = distinct.filter((set, index) => !distinct.some((other, at) => at !== index && semver.subset(set, other) && !(semver.subset(other, set) && at > index)));
  if (kept.length === 0) return undefined;
  const lowest = (set) => semver.minVersion(set)?.version ?? '0.0.0';
  return kept.sort((x, y) => semver.compare(lowest(x), lowest(y))).join(' || ');
}

module.exports = { intersectRanges };
