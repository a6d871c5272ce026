import type { SqlDatabase } from "./sql-database";

export const TEMPLATE_COUNT: number;
export function createTemplates(baseUrl: string | URL, token: string): Promise<number[]>;
export function cloneArticles(
  d1: SqlDatabase,
  templateIds: number[],
  fromCount: number,
  total: number,
  onProgress?: (done: number) => void,
): Promise<void>;
