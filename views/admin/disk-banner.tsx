/** Shown at the top of every admin page while the disk is full or below the free space kept (FEATURES Q6). */
export function DiskBanner({ reason }: { reason: string }) {
  return (
    <p class="flash error disk-banner" role="alert">
      <strong>The server's disk needs attention:</strong> {reason}. Visitors and agents cannot save messages or files while it is full. Free
      space in the data folder (old backups, logs) or give the disk more room.
    </p>
  );
}
