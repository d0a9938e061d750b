/**
 * Shown on every page until first-run setup is done, so that whoever opens a
 * new forum learns why it has no categories and how an admin comes to be.
 */
export function SetupBanner() {
  return (
    <div role="region" aria-label="Setup" className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-900">
      <strong className="font-semibold">This forum is not set up yet</strong> — an administrator finishes setup at{" "}
      <a href="/setup" className="font-medium underline underline-offset-2 hover:text-amber-950">
        /setup
      </a>{" "}
      (on the machine it runs on, or with the one-time code its terminal printed).
    </div>
  );
}
