def check(policy_file, model):
    return [], []
