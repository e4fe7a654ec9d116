CREATE TABLE `sign_in_failures` (
	`username` text NOT NULL,
	`address` text NOT NULL,
	`failures` integer NOT NULL,
	`blocked_until` integer DEFAULT 0 NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`username`, `address`)
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_last_idx` ON `sign_in_failures` (`last_at`);