# <project_id> (an archived project cannot be imported)
terraform import openai_project.gamma proj_abc
