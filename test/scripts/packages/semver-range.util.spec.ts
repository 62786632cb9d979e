import { intersectRanges, semver } from '../../support/pack-libs-scripts';

describe('intersectRanges (the Node versions two engines ranges both allow)', () => {
  it.each([
    ['>=20.19', '^20.19.0 || >=22.12.0', '^20.19.0 || >=22.12.0'],
    ['^20.19.0 || >=22.12.0', '^20.19.0 || ^22.12.0 || >=24.0.0', '^20.19.0 || ^22.12.0 || >=24.0.0'],
    ['^20.19.0 || ^22.12.0 || >=24.0.0', '>=22.15.0', '^22.15.0 || >=24.0.0'],
    ['>=20.19', '18 || 20 || >=22', '^20.19.0 || >=22.0.0'],
    ['>=20.19', '>= 0.10', '>=20.19.0'],
    ['>=20.19', '*', '>=20.19.0'],
    ['^20.19.0 || >=22.12.0', '>=22', '>=22.12.0'],
    ['>=20.19 <21', '20.20.2', '20.20.2'],
  ])('%s and %s: %s', (a, b, common) => {
    expect(intersectRanges(semver, a, b)).toBe(common);
    expect(semver.subset(common, a) && semver.subset(common, b)).toBe(true);
  });

  it('is undefined when no version is in both', () => {
    expect(intersectRanges(semver, '>=20.19', '<18')).toBeUndefined();
    expect(intersectRanges(semver, '^20.19.0', '>=22 || <20')).toBeUndefined();
  });
});
