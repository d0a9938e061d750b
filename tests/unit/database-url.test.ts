import { describe, expect, it } from "vitest";
import { postgresTarget } from "#db/client.server";

describe("DATABASE_URL", () => {
  it("uses libpq's ?host= (a host or a socket directory) instead of ignoring it", () => {
    expect(postgresTarget("postgres://forum@/forum?host=/var/run/postgresql")).toEqual({ url: "postgres://forum@localhost/forum", host: "/var/run/postgresql" });
    expect(postgresTarget("postgresql://forum:secret@db.internal:6543/forum?host=10.0.0.5&sslmode=require")).toEqual({
      url: "postgresql://forum:secret@localhost:6543/forum?sslmode=require",
      host: "10.0.0.5",
    });
  });

  it("leaves a URL without ?host= as it is", () => {
    expect(postgresTarget("postgres://forum@db.internal:5432/forum?sslmode=require")).toEqual({ url: "postgres://forum@db.internal:5432/forum?sslmode=require" });
  });
});
