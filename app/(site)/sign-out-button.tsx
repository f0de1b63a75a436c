import { signOutAndGoHome } from "../(auth)/actions";

export function SignOutButton() {
  return (
    <form action={signOutAndGoHome} className="inline">
      <button type="submit" className="secondary">
        Sign out
      </button>
    </form>
  );
}
