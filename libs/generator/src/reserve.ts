/**
 * Keeps injected defects apart: each defect owns its placement-weeks (or whole placements,
 * or invoices), so no defect can raise another's exceptions.
 */
export class Reservations {
  private readonly cells = new Set<string>();
  private readonly placements = new Set<string>();
  private readonly weeksTaken = new Map<string, number>();
  private readonly keys = new Set<string>();

  cellFree(placementId: string, week: string): boolean {
    return !this.placements.has(placementId) && !this.cells.has(placementId + '|' + week);
  }

  placementFree(placementId: string): boolean {
    return !this.placements.has(placementId) && !this.weeksTaken.get(placementId);
  }

  takeCell(placementId: string, week: string): void {
    const key = placementId + '|' + week;
    if (this.cells.has(key)) return;
    this.cells.add(key);
    this.weeksTaken.set(placementId, (this.weeksTaken.get(placementId) ?? 0) + 1);
  }

  takePlacement(placementId: string): void {
    this.placements.add(placementId);
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  take(key: string): void {
    this.keys.add(key);
  }
}
