CREATE TABLE `sip_inbound_routes` (
	`id` text PRIMARY KEY NOT NULL,
	`did` text NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`target_kind` text NOT NULL,
	`queue_id` text,
	`user_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`queue_id`) REFERENCES `queues`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sip_inbound_routes_did_unique` ON `sip_inbound_routes` (`did`);--> statement-breakpoint
CREATE TABLE `sip_trunk` (
	`id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT false NOT NULL,
	`host` text DEFAULT '' NOT NULL,
	`port` integer DEFAULT 5060 NOT NULL,
	`transport` text DEFAULT 'UDP' NOT NULL,
	`auth_mode` text DEFAULT 'register' NOT NULL,
	`username` text DEFAULT '' NOT NULL,
	`password` text DEFAULT '' NOT NULL,
	`auth_realm` text DEFAULT '' NOT NULL,
	`expires_s` integer DEFAULT 600 NOT NULL,
	`allow_list` text DEFAULT '[]' NOT NULL,
	`caller_id` text DEFAULT '' NOT NULL,
	`number_rules` text DEFAULT '[]' NOT NULL,
	`codecs` text DEFAULT '["PCMU","PCMA"]' NOT NULL,
	`updated_at` integer NOT NULL,
	`status_state` text DEFAULT '' NOT NULL,
	`status_detail` text DEFAULT '' NOT NULL,
	`status_at` integer,
	`status_until` integer
);
