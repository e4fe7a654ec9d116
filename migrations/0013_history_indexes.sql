CREATE INDEX `interactions_created_idx` ON `interactions` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `interactions_agent_created_idx` ON `interactions` (`agent_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `interactions_queue_created_idx` ON `interactions` (`queue_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `interactions_customer_address_idx` ON `interactions` (`customer_address`);