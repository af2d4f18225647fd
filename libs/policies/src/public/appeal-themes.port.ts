import { Injectable } from '@nestjs/common';

/**
 * A theme enterprises raised in their appeals (诉求) that is linked to a policy's items: a theme
 * flagged to the department with the items found for it, or appeals linked to an item while it was
 * drafted. Counts only — never an appeal, a firm or a person.
 */
export interface LinkedAppealTheme {
  category: string;
  categoryLabel: string;
  /** The theme's key words (empty for appeals linked by hand: their category is the theme). */
  terms: string[];
  firmCount: number;
  /** The policy items the theme is linked to. */
  itemIds: string[];
}

export interface AppealThemesSource {
  themesOfItems(itemIds: string[]): Promise<LinkedAppealTheme[]>;
}

/**
 * Where the public policy pages find the appeal themes linked to a policy. The appeals capability
 * depends on the policy center, not the other way round, so it registers itself here when it is
 * part of the deployable; without it a policy has no linked themes.
 */
@Injectable()
export class AppealThemesRegistry {
  private source: AppealThemesSource | null = null;

  provide(source: AppealThemesSource): void {
    this.source = source;
  }

  async themesOfItems(itemIds: string[]): Promise<LinkedAppealTheme[]> {
    return this.source && itemIds.length ? this.source.themesOfItems(itemIds) : [];
  }
}
