CREATE TABLE `transfer_wrap_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`interaction_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`queue_id` text,
	`handed_to` text NOT NULL,
	`handed_at` integer NOT NULL,
	`status` text NOT NULL,
	`disposition` text,
	`notes` text,
	FOREIGN KEY (`interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `transfer_wrap_ups_agent_idx` ON `transfer_wrap_ups` (`agent_id`,`status`);--> statement-breakpoint
CREATE INDEX `transfer_wrap_ups_interaction_idx` ON `transfer_wrap_ups` (`interaction_id`);--> statement-breakpoint
ALTER TABLE `queues` ADD `reoffer_after_s` integer DEFAULT 30 NOT NULL;