import { forbidden } from "next/navigation";

/** Middleware rewrites role-denied page requests here, which renders `app/forbidden.tsx` with a 403. */
export default function ForbiddenPage() {
  forbidden();
}
