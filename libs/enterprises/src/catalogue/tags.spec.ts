import type { TagInput } from '../tags/tags.service';
import { DEMO_DEPARTMENTS } from '../demo/demo-departments';
import { DEMO_TAGS, findDemoTag } from './tags';

describe('demo tag library', () => {
  it('finds tags by code', () => {
    expect(findDemoTag('hitech')).toMatchObject({ name: '高新技术企业', category: '资质认定', source: 'imported', ownerDepartment: 'kjj' });
    expect(findDemoTag('little_giant')?.name).toBe('专精特新“小巨人”企业');
    expect(findDemoTag('above_scale')).toMatchObject({ name: '规上工业企业', source: 'derived' });
    expect(findDemoTag('HNTE')).toBeNull();
  });

  it('fits the tag table: code pattern, unique code and name, a known owner department', () => {
    const departments = new Set<string>(DEMO_DEPARTMENTS.map((d) => d.code));
    expect(DEMO_TAGS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(DEMO_TAGS.map((t) => t.code)).size).toBe(DEMO_TAGS.length);
    expect(new Set(DEMO_TAGS.map((t) => t.name)).size).toBe(DEMO_TAGS.length); // UQ_tags_name
    for (const t of DEMO_TAGS) {
      expect(t.code).toMatch(/^[a-z][a-z0-9_]{1,47}$/); // CHK_tags_code
      if (t.ownerDepartment !== null) expect(departments.has(t.ownerDepartment)).toBe(true);
    }
    const asInput: TagInput[] = DEMO_TAGS; // what TagsService.ensure takes
    expect(asInput).toBe(DEMO_TAGS);
  });
});
