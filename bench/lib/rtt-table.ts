/**
 * Published round-trip times the `--geo` model places users and regions with. Hand-transcribed,
 * only the cells the model uses, from one source; nothing here is estimated. Each user city is
 * an Azure region in that city (the edge location serving its users is assumed to be there
 * too), and each database region is one the table measures to.
 */
export const RTT_SOURCE = {
  title: "Azure network round-trip latency statistics (Microsoft Learn)",
  url: "https://learn.microsoft.com/en-us/azure/networking/azure-network-latency",
  file: "MicrosoftDocs/azure-docs, articles/networking/azure-network-latency.md, commit 9c1fac54ecbb5c715166f6e3ccb7d7add1d3aa7e (ms.date 04/10/2024)",
  measured:
    "Monthly P50 round-trip time in ms between Azure regions over Microsoft's backbone, probes every minute, 30-day window ending 2024-04-09; row = source region, column = destination (the database region).",
} as const;

export const DATABASE_REGIONS = [
  { id: "us-east", label: "Virginia (Azure East US; AWS us-east-1 is in the same state)" },
  { id: "eu-central", label: "Frankfurt (Azure Germany West Central; AWS eu-central-1 is in the same city)" },
] as const;
export type DatabaseRegion = (typeof DATABASE_REGIONS)[number]["id"];

export interface UserCity {
  city: string;
  continent: "Africa" | "Asia" | "Europe" | "North America" | "Oceania" | "South America";
  /** The Azure region in the city: the table's source row. */
  azureRegion: string;
  /** P50 RTT in ms from that region to each database region. */
  rtt: Record<DatabaseRegion, number>;
}

export const USER_CITIES: readonly UserCity[] = [
  { city: "Virginia", continent: "North America", azureRegion: "East US 2", rtt: { "us-east": 9, "eu-central": 91 } },
  { city: "Toronto", continent: "North America", azureRegion: "Canada Central", rtt: { "us-east": 22, "eu-central": 103 } },
  { city: "San Antonio", continent: "North America", azureRegion: "South Central US", rtt: { "us-east": 37, "eu-central": 119 } },
  { city: "California", continent: "North America", azureRegion: "West US", rtt: { "us-east": 69, "eu-central": 149 } },
  { city: "São Paulo", continent: "South America", azureRegion: "Brazil South", rtt: { "us-east": 118, "eu-central": 193 } },
  { city: "London", continent: "Europe", azureRegion: "UK South", rtt: { "us-east": 78, "eu-central": 17 } },
  { city: "Amsterdam", continent: "Europe", azureRegion: "West Europe", rtt: { "us-east": 84, "eu-central": 11 } },
  { city: "Zurich", continent: "Europe", azureRegion: "Switzerland North", rtt: { "us-east": 96, "eu-central": 9 } },
  { city: "Johannesburg", continent: "Africa", azureRegion: "South Africa North", rtt: { "us-east": 233, "eu-central": 162 } },
  { city: "Dubai", continent: "Asia", azureRegion: "UAE North", rtt: { "us-east": 193, "eu-central": 117 } },
  { city: "Pune", continent: "Asia", azureRegion: "Central India", rtt: { "us-east": 210, "eu-central": 134 } },
  { city: "Singapore", continent: "Asia", azureRegion: "Southeast Asia", rtt: { "us-east": 227, "eu-central": 156 } },
  { city: "Hong Kong", continent: "Asia", azureRegion: "East Asia", rtt: { "us-east": 204, "eu-central": 186 } },
  { city: "Tokyo", continent: "Asia", azureRegion: "Japan East", rtt: { "us-east": 158, "eu-central": 223 } },
  { city: "Sydney", continent: "Oceania", azureRegion: "Australia East", rtt: { "us-east": 204, "eu-central": 243 } },
];
