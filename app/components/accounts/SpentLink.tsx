import { Link } from "@remix-run/react";
import { AuthCard } from "~/components/AuthCard";

/** What a mailed link that no longer works shows: plainly why, and the way to a fresh one. */
export function SpentLink({ again }: { again: { to: string; label: string } | null }) {
  return (
    <AuthCard title="This link has expired or was already used" subtitle="Links we email work once, for a limited time. The newest link we sent is the only one that works.">
      <div className="space-y-3 text-sm text-slate-700" data-testid="spent-link">
        {again ? (
          <Link to={again.to} className="btn-primary inline-block">
            {again.label}
          </Link>
        ) : null}
        <p>
          <Link to="/" className="link">
            Back to the community
          </Link>
        </p>
      </div>
    </AuthCard>
  );
}
