import { Hono } from "hono";
import type { DeskEnv } from "./guard";

export function deskRouter() {
  return new Hono<DeskEnv>();
}
