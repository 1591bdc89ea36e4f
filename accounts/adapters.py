from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # Invite-only: caregivers join through a social worker's invitation
        # (invitations.views.invitation_accept), never through open sign-up.
        return False
