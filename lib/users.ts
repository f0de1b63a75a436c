import { verifyPassword } from "./password";
import type { Role } from "./roles";

/**
 * The user directory behind the Credentials provider: a static list, so sign-in needs no
 * database and runs anywhere the edge config runs. Replace it with your own lookup (an API,
 * KV, D1) keeping the same shape.
 */
export interface DirectoryUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** A disabled account passes the password check and is then refused by the `signIn` callback. */
  disabled?: boolean;
  passwordHash: string;
}

/** Demo accounts, documented in the README. Only enabled in development or with AUTH_DEMO_USERS=true. */
const demoUsers: readonly DirectoryUser[] = [
  {
    id: "user-demo",
    email: "demo@example.com",
    name: "Demo User",
    role: "user",
    // demo-password
    passwordHash: "pbkdf2-sha256$100000$GjhbFB_X8IdJY2nXW_qtxQ$88I_7vn7GOK5V8cakeJaDPCJqhMIWqK4Wgz6bkgi2iU",
  },
  {
    id: "user-admin",
    email: "admin@example.com",
    name: "Admin User",
    role: "admin",
    // admin-password
    passwordHash: "pbkdf2-sha256$100000$oo_6LEK-V0-VmPm3Wudu3g$XhMEZKYg32ICdycAcuQbpZ8dKAfrK4o0TWgoZVV_Slw",
  },
  {
    id: "user-disabled",
    email: "disabled@example.com",
    name: "Disabled User",
    role: "user",
    disabled: true,
    // disabled-password
    passwordHash: "pbkdf2-sha256$100000$bDNVkdy3zs-qQxP67Z3s-Q$WSXSVGV3Ws3DgRLVcEtUS3zBMY60fSIHyDFyeDUuiX0",
  },
];

/**
 * Compared against when the email is unknown, so a miss costs the same PBKDF2 work as a hit
 * and response time does not reveal which accounts exist.
 */
const DUMMY_HASH = "pbkdf2-sha256$100000$Ttan_vzx4SDZIqV6TCFrsA$4LqD9nTNmk5wXipdXJCIL9-ngdBvUxzRY4eZJGwVjmY";

export function findUserByEmail(
  email: string,
  directory: readonly DirectoryUser[] = demoUsers,
): DirectoryUser | undefined {
  const normalized = normalizeEmail(email);
  return directory.find((user) => user.email === normalized);
}

/** How an e-mail is compared: case and surrounding spaces do not make another account. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The user whose password matches, or null. Never says which of email or password was wrong. */
export async function verifyCredentials(
  email: string,
  password: string,
  directory: readonly DirectoryUser[] = demoUsers,
): Promise<DirectoryUser | null> {
  const user = findUserByEmail(email, directory);
  const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && matches ? user : null;
}

export function isDisabled(email: string | null | undefined): boolean {
  return email ? (findUserByEmail(email)?.disabled ?? false) : false;
}

/** Ids of the directory's users, for the admin page's list (never their hashes). */
export function directoryUserIds(directory: readonly DirectoryUser[] = demoUsers): string[] {
  return directory.map((user) => user.id);
}
