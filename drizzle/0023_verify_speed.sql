CREATE TABLE "verified_households" (
	"household_id" text PRIMARY KEY NOT NULL,
	"area_code" text COLLATE "C" NOT NULL,
	"fingerprint" text NOT NULL,
	"raised" text NOT NULL
);
