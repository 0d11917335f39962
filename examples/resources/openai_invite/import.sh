# <invite_id>
terraform import openai_invite.example invite-abc123
