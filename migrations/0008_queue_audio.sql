CREATE TABLE `queue_audio` (
	`queue_id` text NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`duration_ms` integer NOT NULL,
	`wav` blob NOT NULL,
	`uploaded_at` integer NOT NULL,
	PRIMARY KEY(`queue_id`, `kind`),
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `interactions_queue_accepted_idx` ON `interactions` (`queue_id`,`accepted_at`);