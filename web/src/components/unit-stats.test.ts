import { describe, expect, it } from 'vitest';
import { countByAgency } from './unit-stats.ts';

describe('countByAgency', () => {
  it('counts per agency in glossary order and leaves out agencies without units', () => {
    const unit = (agency: 'court' | 'police') => ({
      id: agency,
      name: '',
      nameEn: '',
      agency,
      level: 'city' as const,
      regionCode: '130100',
      orgCode: '',
    });
    expect(countByAgency([unit('court'), unit('police'), unit('court')])).toEqual([
      { agency: 'police', count: 1 },
      { agency: 'court', count: 2 },
    ]);
  });
});
